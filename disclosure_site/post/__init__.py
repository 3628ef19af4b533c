"""After the engine: the search index, the Content-Security-Policy and the .gz copies of the built site."""
