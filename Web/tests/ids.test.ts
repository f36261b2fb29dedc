import { describe, expect, it } from "vitest";
import { hubErrorCode, toMessengerError } from "../shared/errors";
import { newClientId } from "../shared/ids";

describe("client ids", () => {
  it("makes version-4 UUIDs without crypto.randomUUID (plain HTTP on a LAN)", () => {
    const original = globalThis.crypto.randomUUID;
    Object.defineProperty(globalThis.crypto, "randomUUID", { value: undefined, configurable: true });
    try {
      const ids = new Set(Array.from({ length: 100 }, () => newClientId()));
      expect(ids.size).toBe(100);
      for (const id of ids) expect(id).toMatch(/^[0-9a-f]{8}-[0-9a-f]{4}-4[0-9a-f]{3}-[89ab][0-9a-f]{3}-[0-9a-f]{12}$/);
    } finally {
      Object.defineProperty(globalThis.crypto, "randomUUID", { value: original, configurable: true });
    }
  });
});

describe("hub errors", () => {
  it("takes the code after HubException:", () => {
    const text = "An unexpected error occurred invoking 'send_message' on the server. HubException: not_member: You are not a member of this chat.";
    expect(hubErrorCode(text)).toEqual({ code: "not_member", text: "You are not a member of this chat." });
    expect(toMessengerError(new Error(text)).code).toBe("not_member");
    expect(toMessengerError(new Error("WebSocket closed with status code: 1006")).code).toBe("network");
  });
});
