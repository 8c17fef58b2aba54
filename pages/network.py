"""Network: who addresses whom, drawn as arrows from speakers to their targets."""
import ui

view = ui.header("Network", "Who addresses whom: speakers point to the actors they accuse, urge, back or answer.")
if view and not ui.no_statements(view):
    ui.network(view)
