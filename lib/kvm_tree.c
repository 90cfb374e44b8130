// SPDX-License-Identifier: GPL-2.0-only
/* The VMs of a KVM debugfs tree: see kvm_tree.h. */
#include "kvm_tree.h"

#include <dirent.h>
#include <errno.h>
#include <fcntl.h>
#include <limits.h>
#include <stdbool.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "kvmexit_abi.h"

void kvmexit_tree_init(struct kvmexit_tree *tree)
{
	memset(tree, 0, sizeof(*tree));
}

static void free_vms(struct kvmexit_tree *tree)
{
	for (size_t i = 0; i < tree->nvms; i++)
		free(tree->vms[i].vcpus);
	free(tree->vms);
	tree->vms = NULL;
	tree->nvms = 0;
}

void kvmexit_tree_free(struct kvmexit_tree *tree)
{
	free_vms(tree);
}

/* A plain decimal that fits max, ending the string at *end (or at stop). */
static bool parse_uint(const char *s, char stop, unsigned long max,
		       unsigned long *value, const char **end)
{
	unsigned long v = 0;
	const char *p = s;

	if (*p < '0' || *p > '9' || (*p == '0' && p[1] >= '0' && p[1] <= '9'))
		return false;
	for (; *p >= '0' && *p <= '9'; p++) {
		if (v > (max - (unsigned long)(*p - '0')) / 10)
			return false;
		v = v * 10 + (unsigned long)(*p - '0');
	}
	if (*p != stop)
		return false;
	*value = v;
	*end = p;
	return true;
}

/* Does dirfd/name/exit_stats exist as a file? */
static bool has_stats(int dirfd, const char *name)
{
	char path[300];
	struct stat st;

	snprintf(path, sizeof(path), "%s/" KVMEXIT_DEBUGFS_FILE, name);
	return fstatat(dirfd, path, &st, 0) == 0 && !S_ISDIR(st.st_mode);
}

static int compare_uint(const void *a, const void *b)
{
	unsigned int x = *(const unsigned int *)a, y = *(const unsigned int *)b;

	return x < y ? -1 : x > y;
}

static int compare_vm(const void *a, const void *b)
{
	const struct kvmexit_vm *x = a, *y = b;

	if (x->pid != y->pid)
		return x->pid < y->pid ? -1 : 1;
	return x->fd < y->fd ? -1 : x->fd > y->fd;
}

/* The vCPU ids of one VM directory: vcpu<N> with an exit_stats file. */
static int list_vcpus(int rootfd, struct kvmexit_vm *vm)
{
	int fd = openat(rootfd, vm->dir, O_RDONLY | O_DIRECTORY | O_CLOEXEC);
	size_t cap = 0;

	if (fd < 0)
		return errno == ENOENT ? 1 : -1;	/* 1: the VM went away */
	DIR *dir = fdopendir(fd);

	if (!dir) {
		close(fd);
		return -1;
	}
	for (struct dirent *d; (d = readdir(dir));) {
		unsigned long id;
		const char *end;

		if (strncmp(d->d_name, "vcpu", 4) ||
		    !parse_uint(d->d_name + 4, '\0', 0xFFFFFFFFul, &id, &end) ||
		    !has_stats(fd, d->d_name))
			continue;
		if (vm->nvcpus == cap) {
			size_t ncap = cap ? cap * 2 : 8;
			unsigned int *n = realloc(vm->vcpus, ncap * sizeof(*n));

			if (!n) {
				closedir(dir);
				errno = ENOMEM;
				return -1;
			}
			vm->vcpus = n;
			cap = ncap;
		}
		vm->vcpus[vm->nvcpus++] = (unsigned int)id;
	}
	closedir(dir);
	if (vm->nvcpus)
		qsort(vm->vcpus, vm->nvcpus, sizeof(*vm->vcpus), compare_uint);
	return 0;
}

/* Is name "<pid>-<fd>"?  Then fill vm's pid, fd and dir. */
static bool parse_vm_dir(const char *name, struct kvmexit_vm *vm)
{
	unsigned long pid, fd;
	const char *end;

	if (!parse_uint(name, '-', 0x7FFFFFFFul, &pid, &end) ||
	    !parse_uint(end + 1, '\0', 0x7FFFFFFFul, &fd, &end) ||
	    strlen(name) >= sizeof(vm->dir))
		return false;
	memset(vm, 0, sizeof(*vm));
	vm->pid = (pid_t)pid;
	vm->fd = (int)fd;
	strcpy(vm->dir, name);
	return true;
}

int kvmexit_tree_list(const char *root, struct kvmexit_tree *tree)
{
	size_t cap = 0;
	int err = 0;

	free_vms(tree);
	DIR *dir = opendir(root);

	if (!dir)
		return -1;
	int rootfd = dirfd(dir);

	for (struct dirent *d; (d = readdir(dir));) {
		struct kvmexit_vm vm;

		if (!parse_vm_dir(d->d_name, &vm) || !has_stats(rootfd, d->d_name))
			continue;
		int st = list_vcpus(rootfd, &vm);

		if (st > 0)
			continue;
		if (st < 0) {
			err = errno;
			free(vm.vcpus);
			break;
		}
		if (tree->nvms == cap) {
			size_t ncap = cap ? cap * 2 : 8;
			struct kvmexit_vm *n = realloc(tree->vms, ncap * sizeof(*n));

			if (!n) {
				err = ENOMEM;
				free(vm.vcpus);
				break;
			}
			tree->vms = n;
			cap = ncap;
		}
		tree->vms[tree->nvms++] = vm;
	}
	closedir(dir);
	if (err) {
		free_vms(tree);
		errno = err;
		return -1;
	}
	if (tree->nvms)
		qsort(tree->vms, tree->nvms, sizeof(*tree->vms), compare_vm);
	return 0;
}

const struct kvmexit_vm *kvmexit_tree_find(const struct kvmexit_tree *tree,
					   pid_t pid)
{
	for (size_t i = 0; i < tree->nvms; i++)
		if (tree->vms[i].pid == pid)
			return &tree->vms[i];
	return NULL;
}

int kvmexit_tree_host_path(const char *root, char *buf, size_t size)
{
	return snprintf(buf, size, "%s/" KVMEXIT_DEBUGFS_FILE, root);
}

int kvmexit_tree_vm_path(const char *root, const struct kvmexit_vm *vm,
			 char *buf, size_t size)
{
	return snprintf(buf, size, "%s/%s/" KVMEXIT_DEBUGFS_FILE, root, vm->dir);
}

int kvmexit_tree_vcpu_path(const char *root, const struct kvmexit_vm *vm,
			   unsigned int vcpu, char *buf, size_t size)
{
	return snprintf(buf, size, "%s/%s/vcpu%u/" KVMEXIT_DEBUGFS_FILE, root,
			vm->dir, vcpu);
}

/* Read a file whose path was built above; a cut path is ENAMETOOLONG. */
static enum kvmexit_stats_status read_path(const char *path, int len,
					   struct kvmexit_stats *stats,
					   struct kvmexit_stats_error *error)
{
	if (len < 0 || (size_t)len >= PATH_MAX) {
		stats->nrows = 0;
		if (error) {
			memset(error, 0, sizeof(*error));
			error->status = KVMEXIT_STATS_IO;
			error->errnum = ENAMETOOLONG;
			snprintf(error->message, sizeof(error->message),
				 "cannot read: %s", strerror(ENAMETOOLONG));
		}
		return KVMEXIT_STATS_IO;
	}
	return kvmexit_stats_read(path, stats, error);
}

enum kvmexit_stats_status kvmexit_tree_read_host(const char *root,
						 struct kvmexit_stats *stats,
						 struct kvmexit_stats_error *error)
{
	char path[PATH_MAX];

	return read_path(path, kvmexit_tree_host_path(root, path, sizeof(path)),
			 stats, error);
}

/*
 * A VM's or vCPU's file that fails with EIO is being removed with its VM:
 * debugfs refuses reads of a file it is taking away before the directory
 * goes.  That is a VM going away, not an error.
 */
static enum kvmexit_stats_status gone_if_eio(enum kvmexit_stats_status st,
					     struct kvmexit_stats_error *error)
{
	if (st != KVMEXIT_STATS_IO || !error || error->errnum != EIO)
		return st;
	error->status = KVMEXIT_STATS_MISSING;
	snprintf(error->message, sizeof(error->message),
		 "the VM went away while it was read");
	return KVMEXIT_STATS_MISSING;
}

enum kvmexit_stats_status kvmexit_tree_read_vm(const char *root,
					       const struct kvmexit_vm *vm,
					       struct kvmexit_stats *stats,
					       struct kvmexit_stats_error *error)
{
	char path[PATH_MAX];

	return gone_if_eio(read_path(path, kvmexit_tree_vm_path(root, vm, path,
								 sizeof(path)),
				     stats, error), error);
}

enum kvmexit_stats_status kvmexit_tree_read_vcpu(const char *root,
						 const struct kvmexit_vm *vm,
						 unsigned int vcpu,
						 struct kvmexit_stats *stats,
						 struct kvmexit_stats_error *error)
{
	char path[PATH_MAX];

	return gone_if_eio(read_path(path, kvmexit_tree_vcpu_path(root, vm, vcpu,
								   path, sizeof(path)),
				     stats, error), error);
}
