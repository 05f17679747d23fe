package screening

// osa is the optimal-string-alignment distance between a and b (edits,
// with adjacent transpositions counting once), or max+1 once it is certain
// to exceed max.
func osa(a, b string, max int) int {
	la, lb := len(a), len(b)
	if la-lb > max || lb-la > max {
		return max + 1
	}
	if la == 0 || lb == 0 {
		return la + lb
	}
	var buf [3 * 48]int
	var prev2, prev, cur []int
	if lb+1 <= 48 {
		prev2, prev, cur = buf[0:lb+1], buf[48:48+lb+1], buf[96:96+lb+1]
	} else {
		prev2, prev, cur = make([]int, lb+1), make([]int, lb+1), make([]int, lb+1)
	}
	for j := range prev {
		prev[j] = j
	}
	for i := 1; i <= la; i++ {
		cur[0] = i
		rowMin := i
		for j := 1; j <= lb; j++ {
			cost := 1
			if a[i-1] == b[j-1] {
				cost = 0
			}
			v := min(prev[j]+1, cur[j-1]+1, prev[j-1]+cost)
			if i > 1 && j > 1 && a[i-1] == b[j-2] && a[i-2] == b[j-1] && cost == 1 {
				v = min(v, prev2[j-2]+1)
			}
			cur[j] = v
			rowMin = min(rowMin, v)
		}
		if rowMin > max {
			return max + 1
		}
		prev2, prev, cur = prev, cur, prev2
	}
	return prev[lb]
}

// vowelEdits is the cost of turning phonetic key a into b with vowel
// changes only: a vowel for another costs 1, adding or dropping one costs
// 2. It returns max+1 when a consonant differs or the cost exceeds max.
// MUHAMAD/MOHAMED cost two, ALEKSANDER/ALEKSANDR two, HUSAIN/HUSEIN one;
// HANANI/HANADI and MOHAMADI/MUHAMAD are out of reach.
func vowelEdits(a, b string, max int) int {
	const never = 1 << 20
	la, lb := len(a), len(b)
	var buf [2 * 48]int
	var prev, cur []int
	if lb+1 <= 48 {
		prev, cur = buf[0:lb+1], buf[48:48+lb+1]
	} else {
		prev, cur = make([]int, lb+1), make([]int, lb+1)
	}
	prev[0] = 0
	for j := 1; j <= lb; j++ {
		prev[j] = never
		if isVowel(b[j-1]) {
			prev[j] = prev[j-1] + 2
		}
	}
	for i := 1; i <= la; i++ {
		va := isVowel(a[i-1])
		cur[0] = never
		if va {
			cur[0] = prev[0] + 2
		}
		rowMin := cur[0]
		for j := 1; j <= lb; j++ {
			vb := isVowel(b[j-1])
			v := never
			switch {
			case a[i-1] == b[j-1]:
				v = prev[j-1]
			case va && vb:
				v = prev[j-1] + 1
			}
			if va {
				v = min(v, prev[j]+2)
			}
			if vb {
				v = min(v, cur[j-1]+2)
			}
			cur[j] = v
			rowMin = min(rowMin, v)
		}
		if rowMin > max {
			return max + 1
		}
		prev, cur = cur, prev
	}
	return min(prev[lb], max+1)
}

func abs(x int) int {
	if x < 0 {
		return -x
	}
	return x
}
