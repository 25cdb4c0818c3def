"""What a release says about itself: the dataset card (with its coverage section and citation) and croissant.json."""
