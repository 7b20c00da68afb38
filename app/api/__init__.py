"""HTTP plumbing shared by the domain routers: dependencies, pages, problem details."""
