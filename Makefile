# Two commands set everything up on a fresh machine: `make site` and `make test`.
PYTHON ?= python3.11
VENV := .venv
BIN := $(VENV)/bin
SITE_DEPS := $(VENV)/.site-deps
TEST_DEPS := $(VENV)/.test-deps
# npm's packages: the form editor the site publishes at /admin/ (Decap CMS), decap-server for make edit,
# and the tools the tests use (package.json, pinned in package-lock.json).
NODE_DEPS := node_modules/.package-lock.json

# Material 9.8 prints a banner about MkDocs 2.0 on every build; we know (see README).
export NO_MKDOCS_2_WARNING := 1

.PHONY: site test test-fast validate serve edit bench clean import release rollback

# On GitHub, data errors are also printed as annotations on the changed lines; on GitLab they are
# written as a code-quality report for the merge request (README: what each tier shows). Forgejo's
# and Gitea's runners set GITHUB_ACTIONS too but show no annotations: there the log has the errors alone.
ON_GITHUB = $(if $(GITEA_ACTIONS)$(FORGEJO_ACTIONS),,$(GITHUB_ACTIONS))
VALIDATE := $(BIN)/python -m disclosure_site.check $(if $(ON_GITHUB),--github,) \
	$(if $(GITLAB_CI),--codequality gl-code-quality-report.json,)

## site: check the data, then build site/ (replaced only if the whole build succeeds)
site: $(SITE_DEPS) $(NODE_DEPS)
	$(BIN)/python tools/build_site.py site

## validate: check data/ alone; errors name the file, the line and the field
validate: $(SITE_DEPS)
	$(VALIDATE)

## import: read a published announcement into data/<ID>/, then check it; CHECK=1 only shows what it understood
##   make import SOURCE=原文.docx ID=some-body-2024 [REPLACE=1] [BODY=发布单位] [TITLE=标题] [CHECK=1]
# As for release below: the values reach the importer as they were typed, through the environment
# ($(value …) is never expanded by make, "$$X" never read again by the shell), so a backtick, a `$`
# or quotes in a title or a path stay text; `--` ends the options, so an ID such as --help is an ID.
unexport SOURCE ID BODY TITLE REPLACE CHECK
import: export IMPORT_SOURCE = $(value SOURCE)
import: export IMPORT_ID = $(value ID)
import: export IMPORT_BODY = $(value BODY)
import: export IMPORT_TITLE = $(value TITLE)
import: $(SITE_DEPS)
	$(BIN)/python -m disclosure_site.importer $(if $(value REPLACE),--replace) $(if $(value CHECK),--check) \
		$(if $(value BODY),"--body=$$IMPORT_BODY") $(if $(value TITLE),"--title=$$IMPORT_TITLE") \
		-- "$$IMPORT_SOURCE" "$$IMPORT_ID"
	$(if $(value CHECK),,$(VALIDATE))

## serve: live preview at http://127.0.0.1:8000 while editing data/ or docs/ (an edit shows in about a second)
serve: $(SITE_DEPS) $(NODE_DEPS)
	$(BIN)/python tools/serve_site.py

## edit: the form editor on this clone at http://127.0.0.1:8000/admin/, beside the live preview; a save
##   goes straight into data/ (through Decap's local proxy, 127.0.0.1:8081); commit as usual
edit: $(SITE_DEPS) $(NODE_DEPS)
	$(BIN)/python tools/edit_site.py

## release: install site/ (or a downloaded TARBALL, checked against its .sha256) as a new release
##   under DEST/releases/ and switch DEST/current to it; keeps the last KEEP (5). Needs only python3.
##   make release DEST=/srv/zhenggai [TARBALL=site.tar.gz] [KEEP=5] [RELOAD="sudo -n systemctl reload nginx"]
## rollback: switch DEST/current back to the release before it
##   make rollback DEST=/srv/zhenggai [RELOAD=…]
# The values reach tools/release.py as they were typed, through the environment: no shell reads a path.
unexport DEST TARBALL KEEP RELOAD SITE
release rollback: export RELEASE_DEST = $(value DEST)
release rollback: export RELEASE_RELOAD = $(value RELOAD)
release: export RELEASE_TARBALL = $(value TARBALL)
release: export RELEASE_KEEP = $(value KEEP)
release: export RELEASE_SITE = $(value SITE)
release:
	python3 tools/release.py install
rollback:
	python3 tools/release.py rollback

## test: every test, browser tests included (needs Debian's chromium)
test: $(TEST_DEPS) $(NODE_DEPS)
	$(BIN)/python -m pytest

## test-fast: every test but the slow ones (a real browser, nginx, Java's HTML checker, a live preview)
test-fast: $(TEST_DEPS) $(NODE_DEPS)
	$(BIN)/python -m pytest -m "not slow"

## bench: our full build against plain Material at 25, 250 and 2,500 items (takes a while)
bench: $(TEST_DEPS)
	$(BIN)/python -m bench.bench

clean:
	rm -rf site generated .site-build-* .pytest_cache .hypothesis

$(NODE_DEPS): package.json package-lock.json
	npm ci --no-audit --no-fund --loglevel=error

$(VENV)/bin/python:
	$(PYTHON) -m venv $(VENV)

# The pinned packages, then this project's own package (disclosure_site/, editable: edits apply at once).
PIP := $(BIN)/python -m pip install --disable-pip-version-check -q
INSTALL_PACKAGE := $(PIP) --no-deps --no-build-isolation -e .

$(SITE_DEPS): requirements.txt pyproject.toml | $(VENV)/bin/python
	$(PIP) -r requirements.txt
	$(INSTALL_PACKAGE)
	touch $@

$(TEST_DEPS): requirements.txt requirements-test.txt pyproject.toml | $(VENV)/bin/python
	$(PIP) -r requirements-test.txt
	$(INSTALL_PACKAGE)
	touch $(SITE_DEPS) $@
