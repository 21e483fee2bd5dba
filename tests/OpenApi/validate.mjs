// Usage: node validate.mjs <openapi.json>. Prints the errors and exits 1 when the document is not valid.
import { Validator } from "@seriousme/openapi-schema-validator";
import { readFile } from "node:fs/promises";

const document = JSON.parse(await readFile(process.argv[2], "utf8"));
const validator = new Validator();
const result = await validator.validate(document);
if (result.valid) {
  console.log(`valid OpenAPI ${validator.version}`);
} else {
  console.error(JSON.stringify(result.errors, null, 2));
  process.exit(1);
}
