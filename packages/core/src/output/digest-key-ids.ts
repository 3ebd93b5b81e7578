import { innerMap } from '../inner-map.js';
import type { Resource } from '../model.js';
import { digestKey } from './timing-digest.js';

/** The ids of one (resource, span name): with no callee, and with each callee seen. */
interface NameIds {
  plain: number;
  calls: Map<string, number> | undefined;
}

/**
 * Small integer ids for digest keys (`digestKey(service, name, callee)`), interned per resource, then
 * span name, then callee, so grouping a dropped span costs a few map reads and no string. Equal keys get
 * equal ids whatever the resource object. Each id keeps its key string and, once ranked, its rank among
 * all keys in string order (`<`), so a region's groups sort by integer. Bounded: past `maxKeys` it is
 * cleared, but only in `begin` (ids stay valid from one `begin` to the next).
 */
export class DigestKeyIds {
  private byResource = new WeakMap<Resource, Map<string, NameIds>>();
  private idByKey = new Map<string, number>();
  private keys: string[] = [];
  private ranks = new Int32Array(64);
  private rankedCount = 0;
  /** Groups sorted by string since the last ranking: ranking again is due when it reaches `size`. */
  private debt = 0;
  private lastResource: Resource | undefined;
  private lastNames: Map<string, NameIds> | undefined;
  /** The last name looked up under `lastResource`, and its ids (siblings often repeat a name). */
  private lastName = '';
  private lastEntry: NameIds | undefined;
  private readonly maxKeys: number;

  constructor(maxKeys = 65_536) {
    this.maxKeys = maxKeys;
  }

  /** How many ids exist (ids are 0 up to this, exclusive). */
  get size(): number {
    return this.keys.length;
  }

  /** Starts a trace: ids handed out since the last call stay valid until the next one. */
  begin(): void {
    if (this.keys.length > this.maxKeys) this.clear();
    this.lastResource = undefined;
    this.lastNames = undefined;
    this.lastEntry = undefined;
  }

  /** The id of `digestKey(resource.serviceName, name, callee)`. */
  id(resource: Resource, name: string, callee: string): number {
    const entry = this.entryOf(resource, name);
    if (callee === '') {
      if (entry.plain < 0) entry.plain = this.intern(resource.serviceName, name, '');
      return entry.plain;
    }
    entry.calls ??= new Map();
    let id = entry.calls.get(callee);
    if (id === undefined) {
      id = this.intern(resource.serviceName, name, callee);
      entry.calls.set(callee, id);
    }
    return id;
  }

  private entryOf(resource: Resource, name: string): NameIds {
    let names = this.lastNames;
    if (resource !== this.lastResource || names === undefined) {
      names = innerMap(this.byResource, resource);
      this.lastResource = resource;
      this.lastNames = names;
      this.lastEntry = undefined;
    } else if (name === this.lastName && this.lastEntry !== undefined) return this.lastEntry;
    let entry = names.get(name);
    if (entry === undefined) {
      entry = { plain: -1, calls: undefined };
      names.set(name, entry);
    }
    this.lastName = name;
    this.lastEntry = entry;
    return entry;
  }

  /** The key string of an id. */
  key(id: number): string {
    return this.keys[id]!;
  }

  /**
   * The rank of every id in key order when ids below `limit` are all ranked, ranking again first when
   * that is due (amortised: after as many string-sorted groups as there are keys); else undefined, and
   * the caller sorts `groups` groups by `key`.
   */
  ranksFor(limit: number, groups: number): Int32Array | undefined {
    if (limit <= this.rankedCount) return this.ranks;
    this.debt += groups;
    if (this.debt < this.keys.length) return undefined;
    this.rank();
    return this.ranks;
  }

  private rank(): void {
    const keys = this.keys;
    const order = Array.from(keys.keys()).sort((a, b) => (keys[a]! < keys[b]! ? -1 : 1));
    if (this.ranks.length < keys.length) this.ranks = new Int32Array(keys.length * 2);
    for (let r = 0; r < order.length; r++) this.ranks[order[r]!] = r;
    this.rankedCount = keys.length;
    this.debt = 0;
  }

  private intern(service: string, name: string, callee: string): number {
    const key = digestKey(service, name, callee);
    let id = this.idByKey.get(key);
    if (id === undefined) {
      id = this.keys.length;
      this.keys.push(key);
      this.idByKey.set(key, id);
    }
    return id;
  }

  private clear(): void {
    this.byResource = new WeakMap();
    this.lastEntry = undefined;
    this.idByKey = new Map();
    this.keys = [];
    this.rankedCount = 0;
    this.debt = 0;
  }
}
