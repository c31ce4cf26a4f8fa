"""The jobs a person or the scheduler runs, each a step over one shared pass (`steps`): validate,
drafts, summary, fixlists, and `run`, which folds them."""
