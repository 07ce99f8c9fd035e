// The Human Inbox: a list of emails and a reading pane (separate screens on a phone).
// Filters are the URL's (the form is a GET); paging, reading and every action go through
// crm.api.email, each change a POST carrying Frappe's CSRF token. Works without Frappe's desk bundle:
// the editor is the browser's own rich-text editing (contenteditable) with a small toolbar.
(function () {
	const root = document.getElementById("human-inbox");
	if (!root) return;
	const boot = JSON.parse(root.dataset.boot || "{}");
	const text = JSON.parse(root.dataset.i18n || "{}");
	const csrfToken = root.dataset.csrfToken;
	const list = document.getElementById("inbox-list");
	const pane = root.querySelector(".reading-pane");
	const empty = root.querySelector(".inbox-empty");
	const more = root.querySelector(".load-more");
	const newNote = root.querySelector(".new-note");
	const help = root.querySelector(".help-overlay");
	const state = { emails: [], cursor: null, selected: -1, open: null, editing: false, waiting: [] };

	const { el, format, item, reader, chipsField, chipValues, editor } = window.crmInboxKit(text);

	// ---- server calls -------------------------------------------------------------------------
	function serverMessage(body) {
		try {
			const first = JSON.parse(JSON.parse(body._server_messages || "[]")[0]);
			return el("div", { html: first.message || "" }).textContent;
		} catch (e) {
			return text.failed;
		}
	}

	async function call(method, args, post = true) {
		const url = "/api/method/" + (method.includes(".") ? method : "crm.api.email." + method);
		const query = post ? "" : "?" + new URLSearchParams(clean(args)).toString();
		const response = await fetch(url + query, {
			method: post ? "POST" : "GET",
			credentials: "same-origin",
			headers: {
				Accept: "application/json",
				...(post ? { "Content-Type": "application/json", "X-Frappe-CSRF-Token": csrfToken } : {}),
			},
			body: post ? JSON.stringify(args) : undefined,
		});
		const body = await response.json().catch(() => ({}));
		if (!response.ok) throw new Error(serverMessage(body));
		return body.message;
	}
	const clean = (args) => Object.fromEntries(Object.entries(args).filter(([, v]) => v !== "" && v != null));
	const listArgs = (extra) => ({ ...boot.filters, limit: boot.page_size, ...extra });

	// ---- the list -----------------------------------------------------------------------------
	function showList(emails, append) {
		if (!append) list.replaceChildren();
		emails.forEach((email) => list.append(item(email)));
		state.emails = append ? state.emails.concat(emails) : emails.slice();
		const filtered = Object.values(boot.filters || {}).some(Boolean);
		empty.hidden = state.emails.length > 0 || !!boot.error;
		empty.replaceChildren(
			text[filtered ? "no_match" : "nothing_yet"],
			filtered ? el("a", { href: "/human_inbox", text: text.clear_filters }) : "",
		);
		if (filtered) empty.lastChild.classList.add("clear-link");
		more.hidden = !state.cursor;
	}

	async function loadMore() {
		more.disabled = true;
		try {
			const page = await call("get_inbox", listArgs({ cursor: state.cursor }), false);
			state.cursor = page.next_cursor;
			showList(page.data, true);
		} finally {
			more.disabled = false;
		}
	}

	function statusTabs(facets) {
		const nav = root.querySelector(".status-tabs");
		if (!facets) return;
		const current = boot.filters.status || "";
		const tab = (status, count) => {
			const params = new URLSearchParams(clean({ ...boot.filters, status }));
			const link = el("a", { href: "/human_inbox?" + params, class: "tab" + (status === current ? " active" : "") },
				text[status || "all"], " ", el("span", { class: "count", text: String(count) }));
			if (status === current) link.setAttribute("aria-current", "page");
			return link;
		};
		nav.replaceChildren(tab("", facets.total), ...boot.statuses.map((s) => tab(s, facets.counts[s] || 0)));
	}

	function select(index, focus = true) {
		const items = list.querySelectorAll(".inbox-item");
		if (!items.length) return;
		state.selected = Math.max(0, Math.min(index, items.length - 1));
		items.forEach((node, i) => node.setAttribute("aria-selected", i === state.selected ? "true" : "false"));
		const node = items[state.selected];
		node.scrollIntoView({ block: "nearest" });
		if (focus) node.focus({ preventScroll: true });
	}

	// ---- the reading pane ---------------------------------------------------------------------
	const find = (name) => state.emails.find((email) => email.name === name);

	function replaceEmail(email) {
		const index = state.emails.findIndex((e) => e.name === email.name);
		if (index < 0) return;
		state.emails[index] = email;
		const old = list.querySelector(`[data-name="${CSS.escape(email.name)}"]`);
		const fresh = item(email);
		fresh.setAttribute("aria-selected", old.getAttribute("aria-selected"));
		old.replaceWith(fresh);
	}

	function openEmail(name, { push = true } = {}) {
		const email = find(name);
		if (!email) return;
		state.open = name;
		state.editing = false;
		pane.replaceChildren(reader(email));
		root.classList.add("reading");
		const index = state.emails.indexOf(email);
		if (index !== state.selected) select(index, false);
		if (push) updateUrl({ open: name });
	}

	function closeEmail() {
		root.classList.remove("reading");
		state.open = null;
		state.editing = false;
		updateUrl({ open: "" });
		select(state.selected);
	}

	function updateUrl(change) {
		const params = new URLSearchParams(window.location.search);
		for (const [key, value] of Object.entries(change)) {
			if (value) params.set(key, value);
			else params.delete(key);
		}
		const query = params.toString();
		history.replaceState(null, "", "/human_inbox" + (query ? "?" + query : ""));
	}

	function say(message, isError) {
		const slot = pane.querySelector(".card-message");
		if (!slot) return;
		slot.textContent = message;
		slot.classList.toggle("error", !!isError);
	}

	// ---- editing (recipients as chips, rich text: crm/templates/includes/human_inbox_kit.js) ----
	function startEditing() {
		const email = find(state.open);
		if (!email || email.status !== "Draft" || state.editing) return;
		state.editing = true;
		const form = el("form", { class: "draft-form" },
			chipsField("to", text.to, email.to), chipsField("cc", text.cc, email.cc), chipsField("bcc", text.bcc, email.bcc),
			el("label", { class: "field" }, el("span", { class: "label", text: text.subject }),
				el("input", { name: "subject", value: email.subject, dir: "auto", required: true })),
			editor(email.html),
			el("div", { class: "actions" },
				el("button", { type: "button", "data-action": "save" }, text.save),
				el("button", { type: "button", "data-action": "cancel" }, text.cancel)));
		const article = pane.querySelector(".email");
		article.querySelector(".email-body").hidden = true;
		article.querySelector("[data-action=edit]").hidden = true;
		article.querySelector(".email-body").after(form);
		form.querySelector("[data-field=to] input").focus();
	}

	function edits() {
		const form = pane.querySelector(".draft-form");
		return {
			communication_name: state.open,
			to: chipValues(form, "to"),
			cc: chipValues(form, "cc"),
			bcc: chipValues(form, "bcc"),
			subject: form.elements.subject.value,
			html: form.querySelector(".body-editor").innerHTML,
		};
	}

	async function reopen(email, message) {
		replaceEmail(email);
		openEmail(email.name, { push: false });
		if (message) say(message);
	}

	// ---- actions ------------------------------------------------------------------------------
	const actions = {
		help: () => (help.hidden = false),
		"close-help": () => (help.hidden = true),
		back: closeEmail,
		more: loadMore,
		"show-new": showWaiting,
		edit: startEditing,
		async cancel() {
			// The stored version, read again: whatever was typed and cancelled is gone.
			await reopen(await call("get_email", { communication_name: state.open }, false));
		},
		async save() {
			await reopen(await call("update_draft", edits()), text.saved);
		},
		async approve() {
			if (find(state.open)?.status !== "Draft" || !window.confirm(text.confirm_send)) return;
			if (state.editing) await call("update_draft", edits());
			await call("send", { communication_name: state.open });
			await reopen(await call("get_email", { communication_name: state.open }, false), text.sent);
		},
		async discard() {
			if (find(state.open)?.status !== "Draft" || !window.confirm(text.confirm_discard)) return;
			const name = state.open;
			await call("discard_draft", { communication_name: name });
			const index = state.emails.findIndex((e) => e.name === name);
			state.emails.splice(index, 1);
			list.querySelector(`[data-name="${CSS.escape(name)}"]`)?.remove();
			pane.replaceChildren(el("p", { class: "reading-placeholder", role: "status", text: text.discarded }));
			state.open = null;
			root.classList.remove("reading");
			updateUrl({ open: "" });
			if (state.emails.length) select(Math.min(index, state.emails.length - 1));
			else showList([], false);
		},
		async retry() {
			await call("retry_send", { communication_name: state.open });
			await reopen(await call("get_email", { communication_name: state.open }, false), text.retrying);
		},
	};

	async function run(name) {
		const buttons = pane.querySelectorAll("button");
		buttons.forEach((b) => (b.disabled = true));
		try {
			await actions[name]();
		} catch (error) {
			say(error.message || text.failed, true);
		} finally {
			pane.querySelectorAll("button").forEach((b) => (b.disabled = false));
		}
	}

	root.addEventListener("click", (event) => {
		const button = event.target.closest("[data-action]");
		if (button && actions[button.dataset.action]) {
			event.preventDefault();
			run(button.dataset.action);
			return;
		}
		const row = event.target.closest(".inbox-item");
		if (row) openEmail(row.dataset.name);
	});
	help.addEventListener("click", (event) => event.target === help && (help.hidden = true));

	// ---- keyboard -----------------------------------------------------------------------------
	const typing = (target) => target.closest("input, textarea, select, [contenteditable=true]");
	document.addEventListener("keydown", (event) => {
		if (event.ctrlKey || event.metaKey || event.altKey) return;
		if (event.key === "Escape") {
			if (!help.hidden) help.hidden = true;
			else if (state.editing) run("cancel");
			else if (state.open) closeEmail();
			return;
		}
		if (typing(event.target)) return;
		const keys = {
			j: () => select(state.selected + 1), ArrowDown: () => select(state.selected + 1),
			k: () => select(state.selected - 1), ArrowUp: () => select(state.selected - 1),
			Enter: () => state.emails[state.selected] && openEmail(state.emails[state.selected].name),
			o: () => state.emails[state.selected] && openEmail(state.emails[state.selected].name),
			e: () => state.open && run("edit"),
			a: () => state.open && run("approve"),
			"#": () => state.open && run("discard"),
			"?": () => (help.hidden = false),
			"/": () => root.querySelector("input[name=search]").focus(),
		};
		const handler = keys[event.key];
		if (!handler) return;
		event.preventDefault();
		const before = state.selected;
		handler();
		// Moving with the reading pane open (desktop) follows with the email.
		if (state.open && state.selected !== before && !root.classList.contains("narrow")) {
			openEmail(state.emails[state.selected].name);
		}
	});

	// ---- record filter: Frappe's link search ----------------------------------------------------
	function recordPicker() {
		const input = root.querySelector("[data-record-search]");
		const hidden = root.querySelector("input[name=docname]");
		const type = root.querySelector("[data-record-type]");
		const options = root.querySelector("#record-options");
		let timer = null;
		input.addEventListener("input", () => {
			hidden.value = "";
			clearTimeout(timer);
			timer = setTimeout(async () => {
				if (!input.value.trim()) return (options.hidden = true);
				if (!type.value) type.value = type.querySelector("option[value=Contact]") ? "Contact" : type.options[1]?.value || "";
				if (!type.value) return;
				try {
					const found = await call("frappe.desk.search.search_link", { doctype: type.value, txt: input.value, page_length: 10 }, false);
					options.replaceChildren(...(found || []).map((row) =>
						el("li", { role: "option", "data-value": row.value, "data-label": row.label || row.description || row.value },
							el("bdi", { text: row.label || row.description || row.value }))));
					options.hidden = !options.children.length;
				} catch (e) {
					options.hidden = true;
				}
			}, 200);
		});
		options.addEventListener("mousedown", (event) => {
			const option = event.target.closest("li");
			if (!option) return;
			event.preventDefault();
			hidden.value = option.dataset.value;
			input.value = option.dataset.label.split(",")[0];
			options.hidden = true;
		});
		input.addEventListener("blur", () => setTimeout(() => (options.hidden = true), 150));
	}

	// ---- live: realtime where Frappe's socket is on the page, a light poll otherwise ------------
	async function check() {
		try {
			const page = await call("get_inbox", listArgs({ limit: 20 }), false);
			const known = new Set(state.emails.concat(state.waiting).map((e) => e.name));
			const top = state.emails[0]?.communication_date || "";
			const fresh = page.data.filter((e) => !known.has(e.name) && (e.communication_date || "") >= top);
			if (!fresh.length) return;
			state.waiting = fresh.concat(state.waiting);
			newNote.textContent = format(text.new_count, state.waiting.length);
			newNote.hidden = false;
		} catch (e) {
			// offline for a moment: the next check tries again
		}
	}

	function showWaiting() {
		const waiting = state.waiting;
		state.waiting = [];
		newNote.hidden = true;
		waiting.slice().reverse().forEach((email) => {
			list.prepend(item(email));
			list.firstChild.classList.add("is-new");
		});
		state.emails = waiting.concat(state.emails);
		if (state.selected >= 0) state.selected += waiting.length;
		empty.hidden = true;
	}

	// The URL keeps only the filters that are set, so a shared link stays short.
	root.querySelector(".inbox-filters").addEventListener("submit", (event) => {
		[...event.target.elements].forEach((field) => {
			if (field.name && !field.value) field.disabled = true;
		});
	});

	// ---- start --------------------------------------------------------------------------------
	state.cursor = boot.page ? boot.page.next_cursor : null;
	showList((boot.page && boot.page.data) || [], false);
	statusTabs(boot.facets);
	recordPicker();
	const narrow = window.matchMedia("(max-width: 760px)");
	const setNarrow = () => root.classList.toggle("narrow", narrow.matches);
	narrow.addEventListener("change", setNarrow);
	setNarrow();
	if (!narrow.matches) root.querySelector(".more-filters").open = true; // a phone keeps them folded
	if (boot.open && find(boot.open)) openEmail(boot.open, { push: false });
	else if (state.emails.length) select(0, false);
	if (window.frappe && frappe.realtime && typeof frappe.realtime.on === "function") {
		frappe.realtime.on("crm_email_draft_created", check);
	}
	const interval = Number(root.dataset.pollSeconds || 10) * 1000;
	setInterval(() => document.visibilityState === "visible" && check(), interval);
	document.addEventListener("visibilitychange", () => document.visibilityState === "visible" && check());
})();
