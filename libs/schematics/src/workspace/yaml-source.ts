import { SchematicsException } from '@angular-devkit/schematics';
import { isMap, isScalar, isSeq, parseDocument, type Document, type Node, type YAMLMap, type YAMLSeq } from 'yaml';

/**
 * A YAML file edited as text: nodes are found through the parsed document, and new entries are
 * inserted as lines at their positions, so the file's comments, anchors and layout stay as they were.
 */
export class YamlSource {
  private readonly document: Document;

  constructor(
    private readonly path: string,
    readonly text: string,
  ) {
    this.document = parseDocument(text);
    if (this.document.errors.length > 0) {
      throw new SchematicsException(`${path} is not valid YAML (${this.document.errors[0].message}): fix it first`);
    }
  }

  /** The plain value of the whole file. */
  toJS<T>(): T {
    return this.document.toJS() as T;
  }

  /** The map at `path` (keys, or indexes into sequences). */
  map(path: (string | number)[]): YAMLMap {
    const node = this.document.getIn(path, true);
    if (!isMap(node)) throw this.missing(path, 'a map');
    return node;
  }

  /** The sequence at `path`. */
  seq(path: (string | number)[]): YAMLSeq {
    const node = this.document.getIn(path, true);
    if (!isSeq(node)) throw this.missing(path, 'a list');
    return node;
  }

  /** The last item of the sequence at `path` that satisfies `matches` (all items when not given). */
  lastItem(path: (string | number)[], matches: (value: unknown) => boolean = () => true): Node {
    const items = this.seq(path).items as Node[];
    const item = items.findLast((candidate) => matches(isScalar(candidate) ? candidate.value : candidate.toJSON()));
    if (!item) throw this.missing(path, 'a list with the entry the new one follows');
    return item;
  }

  /**
   * The text with `lines` inserted after the line on which `node` ends; each line is indented as the
   * line where `indentFrom` starts (a list item's line starts with its list's indentation, then `- `).
   */
  insertAfter(node: Node, lines: string[], indentFrom: Node = node): string {
    const [, valueEnd] = node.range ?? this.noRange();
    const [start] = indentFrom.range ?? this.noRange();
    const lineStart = this.text.lastIndexOf('\n', start - 1) + 1;
    const indent = /^[ ]*/.exec(this.text.slice(lineStart))?.[0] ?? '';
    const lineEnd = this.text.indexOf('\n', valueEnd - 1);
    const at = lineEnd === -1 ? this.text.length : lineEnd;
    const block = lines.map((line) => (line === '' ? '' : indent + line)).join('\n');
    return `${this.text.slice(0, at)}\n${block}${this.text.slice(at)}`;
  }

  private missing(path: (string | number)[], what: string): SchematicsException {
    return new SchematicsException(
      `${this.path} has no ${what} at ${path.join('.')}: the generator expects the layout of a daca-nest workspace`,
    );
  }

  private noRange(): never {
    throw new SchematicsException(`${this.path}: the YAML parser gave no position for a node`);
  }
}
