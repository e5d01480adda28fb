/**
 * The property-testing library, for tests only. Imported here with its pinned version rather than
 * through deno.json's import map: a package in the import map is installed by every `deno task`,
 * so the server and the client would download a library only their tests use.
 *
 * @module
 */

export { default } from "npm:fast-check@4.10.2";
