// The offline API documentation: renders openapi.json from this server, with a
// "try it" form per operation. No third-party code, no CDN.

const METHODS = ["get", "post"];

function el(tag, attributes = {}, ...children) {
  const node = document.createElement(tag);
  for (const [name, value] of Object.entries(attributes)) {
    if (name === "text") {
      node.textContent = value;
    } else {
      node.setAttribute(name, value);
    }
  }
  for (const child of children) {
    if (child !== null && child !== undefined) {
      node.append(child);
    }
  }
  return node;
}

function refName(ref) {
  return ref.split("/").pop();
}

/** A short type description of a JSON schema, e.g. "string", "array of Suggestion". */
function typeOf(schema) {
  if (!schema) {
    return "";
  }
  if (schema.$ref) {
    return refName(schema.$ref);
  }
  if (schema.anyOf || schema.oneOf) {
    return (schema.anyOf || schema.oneOf).map(typeOf).join(" | ");
  }
  if (schema.enum) {
    return schema.enum.map((value) => JSON.stringify(value)).join(" | ");
  }
  if (schema.const !== undefined) {
    return JSON.stringify(schema.const);
  }
  if (schema.type === "array") {
    return `array of ${typeOf(schema.items)}`;
  }
  const bounds = [];
  for (const key of ["minLength", "maxLength", "minimum", "maximum", "maxItems", "pattern", "format"]) {
    if (schema[key] !== undefined) {
      bounds.push(`${key} ${schema[key]}`);
    }
  }
  return bounds.length ? `${schema.type || "any"} (${bounds.join(", ")})` : schema.type || "any";
}

function schemaLink(schema) {
  const name = typeOf(schema);
  return schema?.$ref ? el("a", { href: `#schema-${name}`, text: name }) : el("code", { text: name });
}

function firstExample(media) {
  if (!media) {
    return undefined;
  }
  if (media.example !== undefined) {
    return media.example;
  }
  if (media.examples) {
    const first = Object.values(media.examples)[0];
    return first && first.value !== undefined ? first.value : first;
  }
  return undefined;
}

function resolve(spec, schema) {
  return schema && schema.$ref ? spec.components.schemas[refName(schema.$ref)] : schema;
}

function parameterTable(parameters) {
  const rows = parameters.map((p) =>
    el(
      "tr",
      {},
      el("td", {}, el("code", { text: p.name })),
      el("td", { text: p.in }),
      el("td", { text: p.required ? "ja" : "nej" }),
      el("td", { text: typeOf(p.schema) }),
      el("td", { text: p.description || p.schema?.description || "" }),
    ),
  );
  const head = el("tr", {}, ...["Navn", "Hvor", "Krævet", "Type", "Beskrivelse"].map((t) => el("th", { text: t })));
  return el("table", {}, el("thead", {}, head), el("tbody", {}, ...rows));
}

function tryIt(path, method, operation, spec) {
  const form = el("form", { class: "try" });
  const media = operation.requestBody?.content?.["application/json"];
  let example = firstExample(media);
  if (example === undefined && media?.schema) {
    example = resolve(spec, media.schema)?.examples?.[0];
  }
  const queryInput = el("input", { type: "text", size: "60", "aria-label": "Forespørgselsparametre" });
  const bodyInput = el("textarea", { rows: "8", "aria-label": "JSON-krop" });
  if (method === "post") {
    bodyInput.value = example === undefined ? "{}" : JSON.stringify(example, null, 2);
    form.append(el("p", { text: "JSON-krop:" }), bodyInput);
  } else if ((operation.parameters || []).length) {
    form.append(el("p", { text: "Forespørgsel (fx dimension=measurable&quality=bad&limit=2):" }), queryInput);
  }
  const output = el("pre", { "aria-live": "polite" });
  const status = el("p");
  form.append(el("button", { type: "submit", text: "Prøv" }), status, output);
  form.addEventListener("submit", async (event) => {
    event.preventDefault();
    const headers = { Accept: "application/json" };
    const key = document.getElementById("api-key").value;
    if (key) {
      headers["X-API-Key"] = key;
    }
    const options = { method: method.toUpperCase(), headers };
    if (method === "post") {
      headers["Content-Type"] = "application/json";
      options.body = bodyInput.value;
    }
    const query = queryInput.value.trim().replace(/^\?/, "");
    status.textContent = "Sender …";
    try {
      const response = await fetch(path.replace(/^\//, "") + (query ? `?${query}` : ""), options);
      const text = await response.text();
      status.textContent = `HTTP ${response.status}`;
      status.className = response.ok ? "status-ok" : "status-error";
      try {
        output.textContent = JSON.stringify(JSON.parse(text), null, 2);
      } catch {
        output.textContent = text;
      }
    } catch (error) {
      status.textContent = `Kunne ikke kalde tjenesten: ${error.message}`;
      status.className = "status-error";
    }
  });
  return form;
}

function renderOperation(spec, path, method, operation) {
  const id = `op-${method}-${path.replace(/[^a-z0-9]+/gi, "-")}`;
  const section = el("section", { class: "operation", id });
  section.append(
    el("h3", {}, el("span", { class: `method method-${method}`, text: method.toUpperCase() }), path),
    el("p", {}, el("strong", { text: operation.summary || "" })),
    el("p", { text: operation.description || "" }),
  );
  if (operation.security) {
    section.append(el("p", { text: "Kræver API-nøgle i headeren X-API-Key." }));
  }
  if ((operation.parameters || []).length) {
    section.append(el("h4", { text: "Parametre" }), parameterTable(operation.parameters));
  }
  const media = operation.requestBody?.content?.["application/json"];
  if (media) {
    section.append(el("h4", {}, "Krop: ", schemaLink(media.schema), " (application/json)"));
  }
  section.append(el("h4", { text: "Svar" }));
  for (const [code, response] of Object.entries(operation.responses || {})) {
    const content = response.content?.["application/json"];
    const line = el("p", {}, el("strong", { text: code }), ` ${response.description || ""} `);
    if (content?.schema) {
      line.append("— ", schemaLink(content.schema));
    }
    section.append(line);
    const example = firstExample(content);
    if (example !== undefined) {
      const details = el("details", {}, el("summary", { text: `Eksempel (${code})` }));
      details.append(el("pre", { text: JSON.stringify(example, null, 2) }));
      section.append(details);
    }
  }
  section.append(el("h4", { text: "Prøv det" }), tryIt(path, method, operation, spec));
  return { id, section };
}

function renderSchema(name, schema) {
  const required = new Set(schema.required || []);
  const section = el("section", { id: `schema-${name}` }, el("h3", { text: name }));
  if (schema.description) {
    section.append(el("p", { text: schema.description }));
  }
  const properties = Object.entries(schema.properties || {});
  if (properties.length) {
    const head = el("tr", {}, ...["Felt", "Type", "Krævet", "Beskrivelse"].map((t) => el("th", { text: t })));
    const rows = properties.map(([field, property]) =>
      el(
        "tr",
        {},
        el("td", {}, el("code", { text: field })),
        el("td", {}, schemaLink(property)),
        el("td", { text: required.has(field) ? "ja" : "nej" }),
        el("td", { text: property.description || "" }),
      ),
    );
    section.append(el("table", {}, el("thead", {}, head), el("tbody", {}, ...rows)));
  } else if (schema.enum) {
    section.append(el("p", { text: `Værdier: ${schema.enum.join(", ")}` }));
  }
  return section;
}

function renderDescription(container, text) {
  for (const paragraph of (text || "").split(/\n\n+/)) {
    container.append(el("p", { text: paragraph.replace(/\s*\n\s*/g, " ").replace(/\*\*|`/g, "") }));
  }
}

async function main() {
  document.getElementById("key-form").addEventListener("submit", (event) => event.preventDefault());
  const operations = document.getElementById("operations");
  let spec;
  try {
    const response = await fetch("openapi.json", { headers: { Accept: "application/json" } });
    spec = await response.json();
  } catch (error) {
    operations.textContent = `Kunne ikke hente openapi.json: ${error.message}`;
    return;
  }
  document.getElementById("api-version").textContent = `${spec.info.title} ${spec.info.version}`;
  renderDescription(document.getElementById("description"), spec.info.description);
  const toc = document.getElementById("toc");
  operations.replaceChildren();
  for (const [path, item] of Object.entries(spec.paths)) {
    for (const method of METHODS) {
      if (item[method]) {
        const { id, section } = renderOperation(spec, path, method, item[method]);
        operations.append(section);
        toc.append(el("li", {}, el("a", { href: `#${id}`, text: `${method.toUpperCase()} ${path}` })));
      }
    }
  }
  const schemas = document.getElementById("schemas");
  const names = Object.keys(spec.components?.schemas || {}).sort();
  for (const name of names) {
    schemas.append(renderSchema(name, spec.components.schemas[name]));
  }
}

main();
