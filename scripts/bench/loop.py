# 1,000,000 iterations of scalar arithmetic (compare with loop.gmm).
total = 0
for i in range(1000000):
    total = total + i * 2 % 7
print(total)
