"""Running unattended: when jobs run (`plan`), the loop that runs them (`scheduler`), `watch`'s
look for changes, and the operator's alerts."""
