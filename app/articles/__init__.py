"""Articles: the stored text and metadata every quote and place mention points into."""
