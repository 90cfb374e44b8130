# SPDX-License-Identifier: GPL-2.0-only
# kvmexit top-level Makefile.  Userspace parts are described by the *.mk
# fragments included below; the kernel series builds through kernel/Makefile.
#
#   make            build every userspace program
#   make check      install what is missing, run every test suite, and end
#                   with one line "N passed, N failed, N skipped"
#   make modules    build the patched kvm modules (kernel/README.md)
#   make install    install programs, man pages and systemd units (PREFIX,
#                   DESTDIR)

PREFIX   ?= /usr/local
BINDIR   ?= $(PREFIX)/bin
MANDIR   ?= $(PREFIX)/share/man
UNITDIR  ?= $(PREFIX)/lib/systemd/system
DESTDIR  ?=

BUILD    := build
LOGDIR   := $(BUILD)/logs
CC       ?= cc
CSTD     := -std=c11 -D_GNU_SOURCE
WARN     := -Wall -Wextra -Werror
CFLAGS   ?= -O2 -g
# The one version of every program (their --version, JSON, man pages).
KVMEXIT_VERSION := 2.0.0
ALL_CFLAGS = $(CSTD) $(WARN) $(CFLAGS) -Ilib -MMD -MP \
	     -DKVMEXIT_VERSION='"$(KVMEXIT_VERSION)"'
SAN_FLAGS := -O1 -g -fsanitize=address,undefined -fno-omit-frame-pointer \
	     -fno-sanitize-recover=all

# Debian packages: to build the userspace programs, and to run their tests.
DEPS_BUILD := gcc make libc6-dev linux-libc-dev libncurses-dev pkg-config
DEPS_TEST  := tmux procps

PROGRAMS    :=
UNIT_TESTS  :=
CHECK_SUITES :=
MAN_PAGES   :=
SYSTEMD_UNITS :=

.PHONY: all check deps deps-test install clean modules
all:

include lib/lib.mk
include tests/tests.mk
include guest/guest.mk
include tools/kvmexittop/kvmexittop.mk
include tools/kvmexit-exporter/kvmexit-exporter.mk
include kernel/kernel.mk
include tests/lab/lab.mk
include tests/lab/soak.mk
include tests/lab/selftests.mk
include tests/fuzz/fuzz.mk

all: $(PROGRAMS)

# Every fragment has added its unit tests by now.
$(foreach t,$(UNIT_TESTS),$(eval $(call unit_test,$(t))))

# Objects: $(BUILD)/x.o for programs, $(BUILD)/san/x.o for sanitizer tests.
$(BUILD)/%.o: %.c
	@mkdir -p $(dir $@)
	$(CC) $(ALL_CFLAGS) -c -o $@ $<

$(BUILD)/san/%.o: %.c
	@mkdir -p $(dir $@)
	$(CC) $(ALL_CFLAGS) $(SAN_FLAGS) -c -o $@ $<

deps:
	@scripts/ensure-packages $(DEPS_BUILD)

deps-test: deps
	@scripts/ensure-packages $(DEPS_TEST)

# Every suite runs even when an earlier one fails; the summary decides.
check: deps-test
	@rm -rf $(LOGDIR)
	@$(MAKE) --no-print-directory -k $(CHECK_SUITES) || true
	@tests/summarize $(LOGDIR) $(CHECK_SUITES:suite-%=%)

install: all
	install -d $(DESTDIR)$(BINDIR) $(DESTDIR)$(MANDIR)/man1
	$(foreach p,$(PROGRAMS),install -m 0755 $(p) $(DESTDIR)$(BINDIR)/;)
	$(foreach m,$(MAN_PAGES),install -m 0644 $(m) $(DESTDIR)$(MANDIR)/man1/;)
	@# Units name the program by its installed path.
	$(if $(SYSTEMD_UNITS),install -d $(DESTDIR)$(UNITDIR))
	$(foreach u,$(SYSTEMD_UNITS),sed 's|@BINDIR@|$(BINDIR)|g' $(u) \
		>$(DESTDIR)$(UNITDIR)/$(notdir $(u)) && \
		chmod 0644 $(DESTDIR)$(UNITDIR)/$(notdir $(u));)

clean:
	rm -rf $(BUILD)

# build/kernel and build/qemu hold sources with .d files of their own.
-include $(shell find $(BUILD) \( -path $(BUILD)/kernel -o -path "$(BUILD)/qemu*" \) -prune -o -name '*.d' -print 2>/dev/null)
