"""The disclosures as immutable objects, built from schema-checked files; the 原文 reassembled from them."""
