// The Human Inbox's actions. Every change is a POST to crm.api.email carrying Frappe's CSRF token;
// the server checks permission again on each one. Works without Frappe's desk bundle.
(function () {
	const root = document.getElementById("human-inbox");
	if (!root) return;
	const csrfToken = root.dataset.csrfToken;
	const text = JSON.parse(root.dataset.i18n || "{}");
	const list = document.getElementById("inbox-list");
	const notice = root.querySelector(".inbox-notice");

	function serverMessage(body) {
		try {
			const messages = JSON.parse(body._server_messages || "[]");
			const first = JSON.parse(messages[0]);
			const div = document.createElement("div");
			div.innerHTML = first.message || "";
			return div.textContent;
		} catch (e) {
			return body.exception || text.failed;
		}
	}

	async function call(method, args) {
		const response = await fetch("/api/method/crm.api.email." + method, {
			method: "POST",
			credentials: "same-origin",
			headers: {
				"Content-Type": "application/json",
				Accept: "application/json",
				"X-Frappe-CSRF-Token": csrfToken,
			},
			body: JSON.stringify(args),
		});
		const body = await response.json().catch(() => ({}));
		if (!response.ok) throw new Error(serverMessage(body));
		return body.message;
	}

	function say(card, message, isError) {
		const slot = card.querySelector(".card-message");
		slot.textContent = message;
		slot.classList.toggle("error", !!isError);
	}

	function formValues(card) {
		const form = card.querySelector(".draft-form");
		return {
			communication_name: card.dataset.name,
			to: form.elements.to.value,
			cc: form.elements.cc.value,
			bcc: form.elements.bcc.value,
			subject: form.elements.subject.value,
			html: form.querySelector(".body-editor").innerHTML,
		};
	}

	function showSaved(card, email) {
		card.querySelector(".subject").textContent = email.subject;
		card.querySelector(".to").textContent = email.to.join(", ");
		card.querySelector(".email-body").innerHTML = email.html; // sanitized by the server
		card.querySelector(".body-editor").innerHTML = email.html;
	}

	function finish(card, status, message) {
		card.className = "inbox-card status-" + status.toLowerCase();
		card.querySelector(".badge").textContent = message;
		card.querySelectorAll(".draft-form, .card-actions").forEach((el) => el.remove());
	}

	function setEditing(card, editing) {
		card.querySelector(".draft-form").hidden = !editing;
		card.querySelector(".email-body").hidden = editing;
		card.querySelector("[data-action=edit]").hidden = editing;
	}

	const actions = {
		edit: (card) => setEditing(card, true),
		cancel: (card) => setEditing(card, false),
		async save(card) {
			showSaved(card, await call("update_draft", formValues(card)));
			setEditing(card, false);
			say(card, text.saved);
		},
		async send(card) {
			if (!window.confirm(text.confirm_send)) return;
			if (!card.querySelector(".draft-form").hidden) {
				showSaved(card, await call("update_draft", formValues(card)));
			}
			await call("send", { communication_name: card.dataset.name });
			finish(card, "Queued", text.sent);
			say(card, text.sent);
		},
		async discard(card) {
			if (!window.confirm(text.confirm_discard)) return;
			await call("discard_draft", { communication_name: card.dataset.name });
			finish(card, "Discarded", text.discarded);
			card.querySelector(".email-body").remove();
			say(card, text.discarded);
		},
	};

	list.addEventListener("click", async (event) => {
		const button = event.target.closest("button[data-action]");
		const card = button && button.closest(".inbox-card");
		if (!card) return;
		const buttons = card.querySelectorAll("button");
		buttons.forEach((b) => (b.disabled = true));
		try {
			await actions[button.dataset.action](card);
		} catch (error) {
			say(card, error.message || text.failed, true);
		} finally {
			buttons.forEach((b) => (b.disabled = false));
		}
	});

	// Live updates: Frappe's realtime event when the socket is there, a light poll otherwise.
	async function refresh() {
		const response = await fetch(window.location.href, { credentials: "same-origin" });
		if (!response.ok) return;
		const page = new DOMParser().parseFromString(await response.text(), "text/html");
		const fresh = page.getElementById("inbox-list");
		if (!fresh) return;
		const known = new Set([...list.querySelectorAll(".inbox-card")].map((c) => c.dataset.name));
		const added = [...fresh.querySelectorAll(".inbox-card")].filter((c) => !known.has(c.dataset.name));
		if (!added.length) return;
		list.querySelector(".inbox-empty")?.remove();
		added.reverse().forEach((card) => {
			card.classList.add("is-new");
			list.prepend(document.adoptNode(card));
		});
		notice.textContent = text.new_drafts;
		notice.hidden = false;
	}

	async function poll() {
		try {
			const response = await fetch(root.dataset.pollUrl, { credentials: "same-origin", headers: { Accept: "application/json" } });
			if (!response.ok) return;
			const names = ((await response.json()).message?.data || []).map((e) => e.name);
			const known = new Set([...list.querySelectorAll(".inbox-card")].map((c) => c.dataset.name));
			if (names.some((name) => !known.has(name))) await refresh();
		} catch (e) {
			// offline for a moment: the next poll tries again
		}
	}

	if (window.frappe && frappe.realtime && typeof frappe.realtime.on === "function") {
		frappe.realtime.on("crm_email_draft_created", refresh);
	}
	const interval = Number(root.dataset.pollSeconds || 15) * 1000;
	setInterval(() => document.visibilityState === "visible" && poll(), interval);
	document.addEventListener("visibilitychange", () => document.visibilityState === "visible" && poll());
})();
