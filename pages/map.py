"""Map: the places named in the articles that match the filters."""
import ui

view = ui.header("Map", "Places named in the articles behind the filtered statements.")
if view:
    ui.world_map(view)
