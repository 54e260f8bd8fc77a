"""The fleet: every repository of an organisation, moved through all-repos.

all-repos (https://github.com/asottile/all-repos) lists, clones and pushes; this package
adds what is pip2poetry's own: which repositories to migrate (``status``), what happened
to each (``state``), the autofixer all-repos runs (``autofix``, the console script
``all-repos-pip2poetry``) and the progress per owner that ``pip2poetry survey --by-owner``
prints (``progress``). The guide page: how-to/roll-poetry-out-across-many-repositories.
"""
