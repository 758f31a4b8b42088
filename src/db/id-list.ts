/** Prepared queries made once per database and kept with it: building and preparing them again cost more than running them. */
export function preparedPerDatabase<D extends object, Q>(make: (db: D) => Q): (db: D) => Q {
  const made = new WeakMap<D, Q>();
  return (db) => {
    let queries = made.get(db);
    if (!queries) {
      queries = make(db);
      made.set(db, queries);
    }
    return queries;
  };
}
