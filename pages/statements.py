"""Statements: every statement that passes the sidebar filters, as a table to search and download."""
import ui

view = ui.header("Statements", "Each row is one statement: who said it, how, to whom and what. "
                 "Narrow the table with the sidebar filters.")
if view and not ui.no_statements(view):
    ui.statements_table(view)
