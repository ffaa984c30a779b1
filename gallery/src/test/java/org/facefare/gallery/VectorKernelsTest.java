package org.facefare.gallery;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import java.util.Random;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

class VectorKernelsTest {

  private final VectorKernels simd = new PanamaKernels();
  private final VectorKernels scalar = new ScalarKernels();

  @Test
  void theVectorApiIsChosenWhenPresent() {
    assertThat(VectorKernels.best()).isInstanceOf(PanamaKernels.class);
  }

  @ParameterizedTest
  @ValueSource(ints = {1, 2, 7, 8, 9, 13, 15, 16, 17, 31, 64, 127, 128, 129, 192, 207, 512, 1021})
  void simdMatchesTheScalarReference(int n) {
    Random r = new Random(n);
    for (int trial = 0; trial < 20; trial++) {
      int offset = r.nextInt(5);
      float[] a = new float[n];
      float[] b = new float[n + offset + 3];
      byte[] q = new byte[n + offset + 3];
      for (int i = 0; i < n; i++) {
        a[i] = (float) r.nextGaussian();
      }
      for (int i = 0; i < b.length; i++) {
        b[i] = (float) r.nextGaussian();
        q[i] = (byte) (r.nextInt(255) - 127);
      }
      double exactF = 0;
      double exactQ = 0;
      for (int i = 0; i < n; i++) {
        exactF += (double) a[i] * b[offset + i];
        exactQ += (double) a[i] * q[offset + i];
      }
      // float rounding grows with the number of terms and their magnitude
      double tolF = 1e-5 * n * 4;
      double tolQ = 1e-5 * n * 127 * 4;
      assertThat((double) simd.dot(a, b, offset, n)).isCloseTo(exactF, within(tolF));
      assertThat((double) scalar.dot(a, b, offset, n)).isCloseTo(exactF, within(tolF));
      assertThat((double) simd.dot(a, q, offset, n)).isCloseTo(exactQ, within(tolQ));
      assertThat((double) scalar.dot(a, q, offset, n)).isCloseTo(exactQ, within(tolQ));
    }
  }

  @ParameterizedTest
  @ValueSource(ints = {1, 3, 4, 5, 8, 9, 13})
  void blockedDotProductsMatchTheRowByRowOnes(int blocks) {
    Random r = new Random(blocks);
    for (int dim : new int[] {1, 7, 16, 128, 130}) {
      float[] a = new float[dim];
      for (int d = 0; d < dim; d++) {
        a[d] = (float) r.nextGaussian();
      }
      int w = VectorKernels.BLOCK;
      float[] rows = new float[blocks * w * dim];
      float[] m = new float[rows.length];
      for (int j = 0; j < blocks * w; j++) {
        for (int d = 0; d < dim; d++) {
          rows[j * dim + d] = (float) r.nextGaussian();
          m[((j / w) * dim + d) * w + j % w] = rows[j * dim + d];
        }
      }
      float[] simdOut = new float[blocks * w];
      float[] scalarOut = new float[blocks * w];
      simd.dotBlocks(a, m, blocks, dim, simdOut);
      scalar.dotBlocks(a, m, blocks, dim, scalarOut);
      for (int j = 0; j < blocks * w; j++) {
        double exact = 0;
        for (int d = 0; d < dim; d++) {
          exact += (double) a[d] * rows[j * dim + d];
        }
        assertThat((double) simdOut[j]).isCloseTo(exact, within(1e-5 * dim * 4));
        assertThat((double) scalarOut[j]).isCloseTo(exact, within(1e-5 * dim * 4));
      }
    }
  }
}
