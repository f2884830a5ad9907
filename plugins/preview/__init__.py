"""preview: the live preview of `invoke livereload` (plain code, not a Pelican plugin).

Each preview build runs in a process of its own (`worker`), which, once the build
has succeeded, stays and re-renders an edited article's page in a fraction of a
second from what it built (`newsroom.quick_render`). The task's process (`server`)
watches the files, serves the site with python-livereload's server, shows such a
quick render first (from memory, the output untouched), runs the build that
follows, and reloads the open pages after each.
"""
