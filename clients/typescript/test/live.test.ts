/**
 * The TypeScript client against the live service (started by tests/clients/
 * test_typescript_client.py, which sets OTESSE_BASE_URL and OTESSE_API_KEY).
 */
import assert from "node:assert/strict";
import { test } from "node:test";

import {
  AuthenticationError,
  InvalidRequestError,
  NotFoundError,
  PreconditionFailedError,
  createOtesse,
  dataOf,
  paginate,
} from "../src/index.js";

const baseUrl = process.env.OTESSE_BASE_URL ?? "http://127.0.0.1:8000";
const apiKey = process.env.OTESSE_API_KEY ?? "";
const otesse = createOtesse({ apiKey, baseUrl });

test("create, walk every page, get, patch with If-Match", async () => {
  const created = await otesse.POST("/v1/customers", {
    body: {
      first_name: "Ts",
      last_name: "Client",
      email: "ts-client@example.com",
      send_invitation: false,
      address: { street: "1 Elm St", city: "Eugene", state: "OR", zip: "97401" },
    },
  });
  const customer = dataOf(created);
  assert.equal(created.response.status, 201);
  assert.equal(created.response.headers.get("Location"), `/v1/customers/${customer.id}`);
  assert.equal(customer.addresses[0]?.state, "OR");
  for (let n = 0; n < 3; n += 1) {
    await otesse.POST("/v1/customers", {
      body: { first_name: "Ts", last_name: `Page${n}`, email: `ts-page${n}@example.com`, send_invitation: false },
    });
  }
  const found: string[] = [];
  for await (const item of paginate((page) =>
    otesse.GET("/v1/customers", { params: { query: { search: "ts-page", page, per_page: 2 } } }),
  )) {
    found.push(item.email);
  }
  assert.deepEqual(found.sort(), ["ts-page0@example.com", "ts-page1@example.com", "ts-page2@example.com"]);

  const read = await otesse.GET("/v1/customers/{customer_id}", { params: { path: { customer_id: customer.id } } });
  const etag = read.response.headers.get("ETag") ?? "";
  const patched = await otesse.PATCH("/v1/customers/{customer_id}", {
    params: { path: { customer_id: customer.id }, header: { "If-Match": etag } },
    body: { first_name: "Mary" },
  });
  assert.equal(dataOf(patched).first_name, "Mary");
  await assert.rejects(
    otesse.PATCH("/v1/customers/{customer_id}", {
      params: { path: { customer_id: customer.id }, header: { "If-Match": etag } },
      body: { first_name: "Ann" },
    }),
    (error: unknown) => error instanceof PreconditionFailedError && error.param === "If-Match",
  );
});

test("a POST retried with its key is replayed", async () => {
  const init = {
    params: { header: { "Idempotency-Key": "ts-retry-1" } },
    body: { name: "Ts zone", zip_codes: ["97402"] },
  };
  const first = await otesse.POST("/v1/zones", init);
  const again = await otesse.POST("/v1/zones", init);
  assert.equal(again.response.headers.get("Idempotent-Replayed"), "true");
  assert.equal(dataOf(again).id, dataOf(first).id);
});

test("errors are typed", async () => {
  await assert.rejects(
    otesse.GET("/v1/customers/{customer_id}", { params: { path: { customer_id: "cust_missing" } } }),
    (error: unknown) => error instanceof NotFoundError && error.requestId !== null,
  );
  await assert.rejects(
    otesse.POST("/v1/customers", { body: { first_name: "A", last_name: "B", email: "nope" } }),
    (error: unknown) => error instanceof InvalidRequestError && error.param === "email",
  );
  const stranger = createOtesse({ apiKey: "otesse_test_sk_wrong", baseUrl });
  await assert.rejects(
    stranger.GET("/v1/customers"),
    (error: unknown) => error instanceof AuthenticationError && error.status === 401,
  );
});
