# kvmexittop: the live host view of the exit statistics (issue 6).
#
# Unit tests are expanded here, one $(eval) per test, rather than added to
# UNIT_TESTS: the top Makefile's single $(eval $(foreach ...)) joins the
# rules of two tests onto one line ("recipe commences before first target").
KVMEXITTOP_UNIT_TESTS := json_writer stats_file
$(foreach t,$(KVMEXITTOP_UNIT_TESTS),$(eval $(call unit_test,$(t))))
