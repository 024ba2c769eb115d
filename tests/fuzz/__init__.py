"""Coverage-guided fuzzing of the format sniffers and loaders (atheris), with its regressions."""
