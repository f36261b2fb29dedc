import { describe, expect, it } from "vitest";
import { classify, Cursors } from "../messenger/logic/cursors";

describe("update cursors", () => {
  it("applies the next update, ignores old ones and sees a gap past the next", () => {
    expect(classify(4, 5)).toBe("apply");
    expect(classify(4, 4)).toBe("duplicate");
    expect(classify(4, 2)).toBe("duplicate");
    expect(classify(4, 6)).toBe("gap");
  });

  it("leaves the cursor alone for an answer with updateSeq 0 (a re-pin or a retried send: nothing new)", () => {
    expect(classify(4, 0)).toBe("duplicate");
    expect(classify(0, 0)).toBe("duplicate");
  });

  it("treats an update of an unknown chat as a gap (the chat list must be read)", () => {
    expect(classify(undefined, 1)).toBe("gap");
  });

  it("never moves a cursor back, and adopts only chats it does not know", () => {
    const c = new Cursors();
    expect(c.adopt("dm-1-2", 7)).toBe(true);
    c.advance("dm-1-2", 5);
    expect(c.get("dm-1-2")).toBe(7);
    expect(c.adopt("dm-1-2", 3)).toBe(false);
    c.advance("dm-1-2", 8);
    expect(c.toRequest()).toEqual([{ chatId: "dm-1-2", updateSeq: 8 }]);
    c.forget("dm-1-2");
    expect(c.has("dm-1-2")).toBe(false);
  });
});
