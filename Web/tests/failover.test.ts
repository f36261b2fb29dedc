import { describe, expect, it } from "vitest";
import { nextNode, nodeBases } from "../shared/hub";

describe("cluster failover", () => {
  it("lists the page's own node first as \"\" and every other node once, without trailing slashes", () => {
    expect(nodeBases(["http://10.0.0.5:5000/", "http://10.0.0.6:5000", "http://10.0.0.6:5000"], "http://10.0.0.5:5000", "")).toEqual([
      "",
      "http://10.0.0.6:5000",
    ]);
  });

  it("keeps the node in use even when the list no longer names it", () => {
    expect(nodeBases(["http://10.0.0.7:5000"], "http://chat.lan:5000", "http://10.0.0.6:5000")).toEqual([
      "",
      "http://10.0.0.7:5000",
      "http://10.0.0.6:5000",
    ]);
  });

  it("goes round the known nodes, and stays put when it knows no other", () => {
    const nodes = ["", "http://b:5000", "http://c:5000"];
    expect(nextNode(nodes, "")).toBe("http://b:5000");
    expect(nextNode(nodes, "http://c:5000")).toBe("");
    expect(nextNode([""], "")).toBe("");
  });
});
