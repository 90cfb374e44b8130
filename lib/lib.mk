# The shared userspace library: ABI constants, exit-reason tables, and what
# more than one program needs.  Linked as objects, not installed.
LIB_SRCS := lib/exit_reasons.c lib/json_writer.c lib/stats_file.c \
	    lib/kvm_tree.c lib/vm_name.c lib/c_number.c lib/option_table.c
LIB_OBJS := $(LIB_SRCS:%.c=$(BUILD)/%.o)
LIB_SAN_OBJS := $(LIB_SRCS:%.c=$(BUILD)/san/%.o)
