"""The plan templates `ragbook new` copies (built by `python -m ragbook.template`)."""
