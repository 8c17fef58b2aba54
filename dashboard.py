"""Who says what: the dashboard's entry point (`streamlit run dashboard.py`).

Streamlit reads this file twice. Imported as a module (by `streamlit run`, which finds `app` below) it is the
web server: st.App with server.py's sign-in gate in front of uploads and its cookie route, and the imports the
first visit needs started at once in a thread (server.warm_up). Run as the script
(`__main__`, every rerun of every session) it routes to the pages, each of which draws its own view."""
import streamlit as st

if __name__ != "__main__":
    import threading

    import server

    threading.Thread(target=server.warm_up, name="wsw-warm-up", daemon=True).start()
    threading.Thread(target=server.resume_uploads, name="wsw-resume-uploads", daemon=True).start()
    app = st.App(__file__, routes=server.routes(), middleware=server.middleware())
else:
    import logging
    import uuid

    import ui
    from analysis.errors import STORE_READ_ONLY, UNEXPECTED, StoreError

    st.set_page_config(page_title="Who says what", page_icon="🗞️", layout="wide")
    try:
        if ui.get_store(ui.db_url()).read_only:
            st.warning(STORE_READ_ONLY, icon="🔒")
        ui.navigation().run()
    except StoreError as err:  # the database is read-only, busy, unreachable or full: its own words, logged
        st.error(str(err), icon="🗄️")
    except Exception as err:  # st.stop, st.rerun and st.switch_page are not Exceptions and pass through
        # One friendly message for an error no page expected; the traceback goes to the log under the same id.
        error_id = uuid.uuid4().hex[:8]
        logging.getLogger("who_says_what").error("unexpected error %s: %s: %s", error_id, type(err).__name__, err,
                                                 exc_info=err)
        st.error(f"{UNEXPECTED}. Try other filters, or go back to the Overview. If it happens again, quote error "
                 f"id **{error_id}** to whoever runs this dashboard.", icon="⚠️")
