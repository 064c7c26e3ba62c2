# The command line (cli/, binary `bildungsnetz`): installed beside the library.
#
#   make install PREFIX=/usr/local [C_PROFILE=release]   also installs $(PREFIX)/bin/bildungsnetz
#   make install-cli PREFIX=...                          the binary alone
#   cargo install --path cli                             the binary alone, into ~/.cargo/bin
#
# Its tests (cli/tests/) run in test-rust with the rest of the workspace.

.PHONY: install-cli

install: install-cli

install-cli:
	$(CARGO) build -p bildungsnetz-cli $(if $(filter dev debug,$(C_PROFILE)),,--profile $(C_PROFILE))
	install -d $(DESTDIR)$(PREFIX)/bin
	install -m 755 $(C_LIB_OUT)/bildungsnetz $(DESTDIR)$(PREFIX)/bin/bildungsnetz
