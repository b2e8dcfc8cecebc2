package telegramtest

import (
	"bytes"
	"encoding/json"
	"fmt"
)

// compactJSON encodes v as JSON without null members, as Telegram never
// sends them (tgbotapi's types marshal some absent fields as null). It
// panics if v can't be encoded, which would be a bug in this package.
func compactJSON(v any) json.RawMessage {
	data, err := json.Marshal(v)
	if err != nil {
		panic(fmt.Sprintf("telegramtest: encode %T: %v", v, err))
	}
	dec := json.NewDecoder(bytes.NewReader(data))
	dec.UseNumber()
	var tree any
	if err := dec.Decode(&tree); err != nil {
		panic(fmt.Sprintf("telegramtest: decode %T: %v", v, err))
	}
	var buf bytes.Buffer
	enc := json.NewEncoder(&buf)
	enc.SetEscapeHTML(false)
	if err := enc.Encode(dropNulls(tree)); err != nil {
		panic(fmt.Sprintf("telegramtest: encode %T: %v", v, err))
	}
	return json.RawMessage(bytes.TrimRight(buf.Bytes(), "\n"))
}

// dropNulls removes null members from the objects in tree.
func dropNulls(tree any) any {
	switch t := tree.(type) {
	case map[string]any:
		for k, v := range t {
			if v == nil {
				delete(t, k)
				continue
			}
			t[k] = dropNulls(v)
		}
	case []any:
		for i, v := range t {
			t[i] = dropNulls(v)
		}
	}
	return tree
}
