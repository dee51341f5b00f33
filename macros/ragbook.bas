Attribute VB_Name = "RagbookButtons"
' ragbook's ribbon buttons for your own Excel add-in: see macros/README.md.
' RunPython comes from xlwings' VBA module, which must be in the same VBA project
' (an add-in made with: xlwings quickstart NAME --addin --ribbon).
' Each button runs ragbook on the active workbook and shows one message box.
Option Explicit

Sub RagbookRefresh(control As IRibbonControl)
    RunPython "import ragbook; ragbook.button_refresh()"
End Sub

Sub RagbookCheck(control As IRibbonControl)
    RunPython "import ragbook; ragbook.button_check()"
End Sub

Sub RagbookSplit(control As IRibbonControl)
    RunPython "import ragbook; ragbook.button_split()"
End Sub

Sub RagbookReport(control As IRibbonControl)
    RunPython "import ragbook; ragbook.button_report()"
End Sub

Sub RagbookClosePeriod(control As IRibbonControl)
    RunPython "import ragbook; ragbook.button_close_period()"
End Sub
