"""Reading a workbook package into PlanData and problems."""
