"""Timeline: statements over the articles' dates, by stance and by speaker."""
import ui

view = ui.header("Timeline", "When statements were published, by stance and by speaker.")
if view and not ui.no_statements(view):
    ui.timeline(view)
