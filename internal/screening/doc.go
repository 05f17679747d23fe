// Package screening is Gatehouse's sanctions and PEP screening engine: the
// entity model shared by every list loader, name normalisation, an in-memory
// index over all names of all loaded lists, and an explainable scorer.
//
// It does no I/O of its own. Loaders under sources/ turn published list files
// into *List values, the registry package finds and reloads them, and NewIndex
// makes them searchable:
//
//	idx := screening.NewIndex(lists...)
//	matches := idx.Search(screening.Query{Name: "Ayman al-Zawahiri", Type: screening.Person})
//
// Every Match carries the pieces its score is made of, so an analyst can see
// why a name was hit and which list said so.
package screening
