"""The Excel add-in: a "ragbook" ribbon tab whose Refresh button runs ragbook.

    build.py            ragbook.xlam from the add-in template the installed xlwings ships
    parts.py            the text edits made to the template's parts
    xlwings_template.py where that template is, and which xlwings it belongs to
    provenance.py       what the add-in records about how it was built, and the version check
    install.py          where Excel loads add-ins from, and copying ragbook.xlam there
    button.py           what a click does: save, close, refresh, reopen, one message
    jobs.py             the library calls behind each button
    excel.py            the few xlwings calls the buttons make (the only module importing xlwings)

Importing this package imports neither xlwings nor pandas.
"""

ADDIN_NAME = "ragbook.xlam"
