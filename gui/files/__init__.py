"""Files: experiments, models, plot exports and the recent-files list."""
