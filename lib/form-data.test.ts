import { expect, it } from "vitest";
import { formText, formValue, formValues, isForm } from "./form-data";

it("reads a form's fields as sent, a file where text belongs staying a file", () => {
  const data = new FormData();
  data.append("name", "ana");
  data.append("ids", "1");
  data.append("ids", "2");
  const file = new File(["x"], "x.txt");
  data.append("picture", file);
  expect([formValue(data, "name"), formValue(data, "missing"), formValue(data, "picture")]).toEqual(["ana", "", file]);
  expect(formValues(data, "ids")).toEqual(["1", "2"]);
  expect([formText(data, "name"), formText(data, "missing"), formText(data, "picture")]).toEqual(["ana", undefined, undefined]);
});

it("tells a form from anything else an action may be called with", () => {
  expect(isForm(new FormData())).toBe(true);
  for (const notAForm of [undefined, null, "name=ana", 42, { name: "ana", get: () => "x" }, ["name", "ana"]]) expect(isForm(notAForm)).toBe(false);
});
