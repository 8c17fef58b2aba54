"""Articles: one article with its actors, cues, quotations and places highlighted, and its statements."""
import ui

view = ui.header("Articles", "Read an article with what the engine found in it.")
if view and (article_id := ui.article_picker(view)):
    ui.article_reader(view, article_id)
