/* SPDX-License-Identifier: GPL-2.0-only */
/*
 * For the option-parser harnesses: the fuzzer's bytes as a command line.
 * Arguments are separated by NUL bytes; argv[0] is the program name.
 */
#ifndef KVMEXIT_FUZZ_ARGS_H
#define KVMEXIT_FUZZ_ARGS_H

#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#define FUZZ_MAX_ARGS 32

struct fuzz_args {
	char *text;			/* one copy of the input, NUL-terminated */
	char *argv[FUZZ_MAX_ARGS + 2];
	int argc;
};

static inline void fuzz_args_split(struct fuzz_args *a, const char *prog,
				   const uint8_t *data, size_t size)
{
	a->text = malloc(size + 1);
	if (!a->text)
		abort();
	memcpy(a->text, data, size);
	a->text[size] = '\0';
	a->argc = 0;
	a->argv[a->argc++] = (char *)prog;
	for (size_t i = 0; i <= size && a->argc <= FUZZ_MAX_ARGS;) {
		size_t n = strlen(a->text + i);

		a->argv[a->argc++] = a->text + i;
		i += n + 1;
	}
	if (size == 0)
		a->argc = 1;	/* no argument at all */
	a->argv[a->argc] = NULL;
}

static inline void fuzz_args_free(struct fuzz_args *a)
{
	free(a->text);
}

#endif /* KVMEXIT_FUZZ_ARGS_H */
