package org.facefare.face.eval;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Optional;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class FaceDatasetTest {

  @TempDir Path dir;

  private void touch(String relative) throws IOException {
    Path p = dir.resolve(relative);
    Files.createDirectories(p.getParent());
    Files.write(p, new byte[] {1});
  }

  @Test
  void listsIdentitiesAndImagesInNameOrder() throws IOException {
    for (String f :
        new String[] {
          "bob/2.png",
          "bob/10.png",
          "bob/1.PNG",
          "bob/notes.txt",
          "bob/.hidden.png",
          "alice/b.jpeg",
          "alice/a.jpg",
          "alice/c.pgm",
          "pairs.csv"
        }) {
      touch(f);
    }
    FaceDataset ds = FaceDataset.load(dir);
    assertThat(ds.images())
        .extracting(DatasetImage::imageId)
        .containsExactly(
            "alice/a.jpg", "alice/b.jpeg", "alice/c.pgm", "bob/1.PNG", "bob/10.png", "bob/2.png");
    assertThat(ds.identities()).isEqualTo(2);
    assertThat(ds.images().getFirst().path()).isEqualTo(dir.resolve("alice/a.jpg"));
    assertThat(ds.images().getFirst().fileName()).isEqualTo("a.jpg");
  }

  @Test
  void missingFolderIsAClearError() {
    assertThatThrownBy(() -> FaceDataset.load(dir.resolve("nope")))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("does not exist");
  }

  @Test
  void folderWithoutIdentitiesIsAClearError() throws IOException {
    touch("loose.png");
    assertThatThrownBy(() -> FaceDataset.load(dir))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("no identity sub-folders");
  }

  @Test
  void identityWithoutImagesIsAClearError() throws IOException {
    touch("alice/a.png");
    touch("bob/readme.txt");
    assertThatThrownBy(() -> FaceDataset.load(dir))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("bob")
        .hasMessageContaining("no images");
  }

  @Test
  void loadsAtt() throws IOException {
    Optional<Path> att = Datasets.find("att");
    assumeTrue(att.isPresent(), "AT&T faces absent (../shared/datasets/att): skipped");
    FaceDataset ds = FaceDataset.load(att.get());
    assertThat(ds.name()).isEqualTo("att");
    assertThat(ds.identities()).isEqualTo(40);
    assertThat(ds.images()).hasSize(400);
    assertThat(ds.images().getFirst().imageId()).isEqualTo("s1/1.png");
    assertThat(ds.images().get(1).imageId()).isEqualTo("s1/10.png");
    assertThat(ds.images().getLast().imageId()).isEqualTo("s9/9.png");
  }
}
