# Puts this folder on sys.path, so that the tests import invoicer when pytest runs from the top.
