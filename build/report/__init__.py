"""`newstables report`: one offline HTML page of figures about a release (page.py), drawn as inline SVG."""
