#define PY_SSIZE_T_CLEAN
#include <Python.h>
#include <ctype.h>

/* count_words(text: str) -> int: the number of runs of non-space characters. */
static PyObject *count_words(PyObject *self, PyObject *args) {
    const char *text;
    if (!PyArg_ParseTuple(args, "s", &text)) {
        return NULL;
    }
    long count = 0;
    int in_word = 0;
    for (const char *p = text; *p; p++) {
        if (isspace((unsigned char)*p)) {
            in_word = 0;
        } else if (!in_word) {
            in_word = 1;
            count++;
        }
    }
    return PyLong_FromLong(count);
}

static PyMethodDef methods[] = {
    {"count_words", count_words, METH_VARARGS, "Count the words of a text."},
    {NULL, NULL, 0, NULL},
};

static struct PyModuleDef module = {PyModuleDef_HEAD_INIT, "_speedups", NULL, -1, methods};

PyMODINIT_FUNC PyInit__speedups(void) { return PyModule_Create(&module); }
