"""The file format: sheet specs to and from bytes, the package, atomic saves."""
