"""`python -m analysis.bench_dashboard` runs the dashboard benchmark of analysis/tools/bench_dashboard.py."""
from .tools.bench_dashboard import main

if __name__ == "__main__":
    main()
