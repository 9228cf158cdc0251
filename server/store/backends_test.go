package store_test

func backends() []backend { return []backend{fileBackend()} }
