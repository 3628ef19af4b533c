"""Read a published announcement (.txt, .docx, .html) into data/<id>/.

read.py turns the file into paragraphs, outline.py places them in the data model's terms,
write.py writes the YAML files. Nothing here knows MkDocs or the pages.
"""
