// The Human Inbox's building blocks: a DOM helper, a list row, the reading pane, recipients as chips
// and the rich-text editor
// (the browser's own contenteditable with a toolbar). Included by human_inbox.html before
// human_inbox.js, which takes them from window.crmInboxKit(text).
window.crmInboxKit = function (text) {
	const el = (tag, attrs = {}, ...children) => {
		const node = document.createElement(tag);
		for (const [key, value] of Object.entries(attrs)) {
			if (value === null || value === undefined || value === false) continue;
			if (key === "text") node.textContent = value;
			else if (key === "html") node.innerHTML = value; // only ever the server's sanitized HTML
			else node.setAttribute(key, value === true ? "" : value);
		}
		children.flat().forEach((child) => child && node.append(child));
		return node;
	};

	const format = (template, value) => String(template || "").replace("{0}", value);

	const minute = (stamp) => (stamp || "").slice(0, 16); // "YYYY-MM-DD HH:MM", the site's time

	// ---- a row of the list and the reading pane ----
	function shortTime(stamp) {
		if (!stamp) return "";
		const today = new Date().toISOString().slice(0, 10);
		return stamp.slice(0, 10) === today ? stamp.slice(11, 16) : stamp.slice(0, 10);
	}

	function chip(status) {
		return el("span", { class: "chip status-" + status.toLowerCase(), text: text[status] || status });
	}

	function item(email) {
		return el(
			"li",
			{ class: "inbox-item", role: "option", "data-name": email.name, "aria-selected": "false", tabindex: "-1" },
			el("div", { class: "item-top" },
				el("bdi", { class: "item-to", text: (email.to || []).join(", ") }),
				el("time", { datetime: email.communication_date, text: shortTime(email.communication_date) })),
			el("div", { class: "item-subject", dir: "auto", text: email.subject }),
			el("div", { class: "item-preview", dir: "auto", text: email.preview }),
			el("div", { class: "item-meta" }, chip(email.status),
				el("bdi", { class: "item-record", text: email.reference_title || email.reference_name }),
				el("bdi", { class: "item-agent", text: email.owner_name || "" })),
		);
	}

	function queueInfo(email) {
		const queue = email.queue || {};
		if (email.status === "Failed") {
			return el("div", { class: "queue-info failed", role: "alert" },
				el("strong", { text: format(text.failed_at, minute(queue.modified || email.modified)) }),
				queue.error ? el("p", {}, text.reason + ": ", el("bdi", { class: "failure-reason", text: queue.error })) : "",
				el("button", { type: "button", "data-action": "retry", class: "primary" }, text.retry));
		}
		if (email.status === "Queued") {
			return el("p", { class: "queue-info queued", text: format(text.queued_at, minute(queue.send_after || queue.modified)) });
		}
		if (email.status === "Sent") {
			return el("p", { class: "queue-info sent", text: format(text.sent_at, minute(queue.modified || email.communication_date)) });
		}
		return "";
	}

	function reader(email) {
		const isDraft = email.status === "Draft";
		return el("article", { class: "email", "data-name": email.name },
			el("button", { type: "button", class: "back", "data-action": "back" }, text.back),
			el("header", {},
				el("h2", { class: "subject", dir: "auto", text: email.subject }),
				el("div", { class: "meta" }, chip(email.status),
					el("span", {}, text.to + ": ", el("bdi", { class: "to", text: email.to.join(", ") })),
					email.cc.length ? el("span", {}, text.cc + ": ", el("bdi", { text: email.cc.join(", ") })) : "",
					el("span", {}, text.record + ": ", recordLink(email)),
					el("span", {}, text.agent + ": ", el("bdi", { text: email.owner_name || "" })),
					el("time", { datetime: email.communication_date, text: minute(email.communication_date) }))),
			queueInfo(email),
			el("div", { class: "email-body", dir: "auto", html: email.html }),
			isDraft ? el("div", { class: "actions" },
				el("button", { type: "button", "data-action": "edit" }, text.edit),
				el("button", { type: "button", "data-action": "approve", class: "primary" }, text.approve),
				el("button", { type: "button", "data-action": "discard", class: "danger" }, text.discard)) : "",
			el("p", { class: "card-message", role: "status" }));
	}

	function recordLink(email) {
		const slug = email.reference_doctype.toLowerCase().replace(/ /g, "-");
		return el("a", { href: `/app/${encodeURIComponent(slug)}/${encodeURIComponent(email.reference_name)}` },
			el("bdi", { text: email.reference_title || email.reference_name }));
	}

	// ---- editing: recipients as chips, rich text ----
	function chipsField(name, label, addresses) {
		const box = el("div", { class: "chips", "data-field": name });
		const input = el("input", { type: "email", dir: "auto", "aria-label": label, placeholder: text.add_address });
		const add = (value) => {
			value.split(/[,;]/).map((v) => v.trim()).filter(Boolean).forEach((address) => {
				box.insertBefore(el("span", { class: "address", "data-address": address },
					el("bdi", { text: address }),
					el("button", { type: "button", class: "remove", "aria-label": text.remove + " " + address, text: "×" })), input);
			});
		};
		box.append(input);
		addresses.forEach(add);
		input.addEventListener("keydown", (event) => {
			if (["Enter", ",", ";"].includes(event.key)) {
				event.preventDefault();
				add(input.value);
				input.value = "";
			} else if (event.key === "Backspace" && !input.value) {
				input.previousElementSibling?.remove();
			}
		});
		input.addEventListener("blur", () => { add(input.value); input.value = ""; });
		box.addEventListener("click", (event) => {
			if (event.target.matches(".remove")) event.target.closest(".address").remove();
			else input.focus();
		});
		return el("div", { class: "field" }, el("span", { class: "label", text: label }), box);
	}

	const chipValues = (form, name) => {
		const box = form.querySelector(`[data-field="${name}"]`);
		const typed = box.querySelector("input").value.trim();
		return [...box.querySelectorAll(".address")].map((a) => a.dataset.address).concat(typed ? [typed] : []);
	};

	const TOOLS = [
		["bold", "B", "bold"], ["italic", "I", "italic"], ["underline", "U", "underline"],
		["insertUnorderedList", "•", "bullets"], ["insertOrderedList", "1.", "numbers"],
		["createLink", text.link, "link"], ["removeFormat", "⌫", "clear_format"],
	];

	function editor(html) {
		const area = el("div", { class: "body-editor", contenteditable: "true", dir: "auto", role: "textbox",
			"aria-multiline": "true", "aria-label": text.message, html });
		const bar = el("div", { class: "toolbar", role: "toolbar" }, TOOLS.map(([command, label, title]) =>
			el("button", { type: "button", "data-command": command, title: text[title], "aria-label": text[title], text: label })));
		bar.addEventListener("mousedown", (event) => event.preventDefault()); // keep the selection
		bar.addEventListener("click", (event) => {
			const command = event.target.closest("[data-command]")?.dataset.command;
			if (!command) return;
			const value = command === "createLink" ? window.prompt(text.link_prompt, "https://") : null;
			if (command === "createLink" && !value) return;
			document.execCommand(command, false, value);
			area.focus();
		});
		return el("div", { class: "field" }, el("span", { class: "label", text: text.message }), bar, area);
	}

	return { el, format, item, reader, chipsField, chipValues, editor };
};
